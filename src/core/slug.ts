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
