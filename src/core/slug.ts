/**
 * Instance ids (SPEC §3): `<project>--<slug>`, where the slug is the
 * directory name (or --name) with a leading `<project>--` dropped (any case),
 * lowercased, every run of characters outside [a-z0-9] turned into one `-`,
 * and `-` trimmed at both ends.
 */
export function slugify(name: string, project: string): string {
  const prefix = `${project}--`;
  const rest = name.toLowerCase().startsWith(prefix.toLowerCase()) ? name.slice(prefix.length) : name;
  return rest
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function sandboxId(project: string, slug: string): string {
  return `${project}--${slug}`;
}

export function localProdId(project: string): string {
  return `${project}-prod`;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Whether a compose project name is one of this berth project's instances:
 * `<project>-prod`, or `<project>--<slug>` with a slug berth could have made
 * (so project `a` never claims `a--b--x`, an instance of project `a--b`).
 */
export function isInstanceOf(composeProject: string, project: string): boolean {
  if (composeProject === localProdId(project)) return true;
  const prefix = `${project}--`;
  return composeProject.startsWith(prefix) && SLUG.test(composeProject.slice(prefix.length));
}
