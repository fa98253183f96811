import { describe, expect, it } from 'vitest';
import { parseComposeConfig, servicePublishing, unmanagedPorts } from '../../src/core/compose-model.js';

// The shape of `docker compose config --format json` (Compose 2.26), trimmed.
const doc = {
  name: 'ktrdr--a',
  services: {
    backend: {
      ports: [{ mode: 'ingress', target: 8000, published: '8001', protocol: 'tcp' }],
      healthcheck: { test: ['CMD', 'true'], interval: '1s' },
    },
    jaeger: {
      ports: [
        { mode: 'ingress', target: 16686, published: '16687', protocol: 'tcp' },
        { mode: 'ingress', target: 4317, published: '4327-4328', protocol: 'tcp' },
      ],
    },
    agent: { ports: [{ target: 5010, published: '5010' }], container_name: 'design-agent' },
    quiet: { healthcheck: { disable: true } },
  },
};

describe('the compose model', () => {
  const services = parseComposeConfig(doc);

  it('lists services with their published ports, healthchecks and fixed names', () => {
    expect(services).toEqual([
      { name: 'agent', published: [5010], hasHealthcheck: false, containerName: 'design-agent' },
      { name: 'backend', published: [8001], hasHealthcheck: true },
      { name: 'jaeger', published: [16687, 4327, 4328], hasHealthcheck: false },
      { name: 'quiet', published: [], hasHealthcheck: false },
    ]);
  });

  it('finds ports outside the slot and the service behind a port', () => {
    expect(unmanagedPorts(services, [8001, 16687, 4327, 4328])).toEqual([{ service: 'agent', port: 5010 }]);
    expect(servicePublishing(services, 4328)).toBe('jaeger');
    expect(servicePublishing(services, 9999)).toBeUndefined();
  });
});
