// Kubernetes objects checked against the Kubernetes schemas (kubernetes-models), unknown fields
// included: used by the deployment manifests' test (test/deploy.test.ts) and the workload identity
// recipe's manifest (test/workload-identity-recipes.test.ts).

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any };
type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; keyword: string; params: unknown }[] | null };

/** kubernetes-models' compiled schema validator for an object's apiVersion and kind. */
export async function validatorFor(apiVersion: string, kind: string): Promise<Validate> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const name = `IoK8sApi${group.replace(/\.k8s\.io$/, '').split('.').map(cap).join('')}${cap(version)}${kind}`;
  const mod = (await import(`kubernetes-models/_schemas/${name}`)) as { validate: Validate };
  return mod.validate;
}

/**
 * The schemas accept fields they do not know (a misspelt `readinessProbe` would pass). The
 * validator reads every field its schema defines, and only those: fields it never read are unknown.
 */
export function unknownFields(validate: Validate, object: unknown): { ok: boolean; errors: string[] } {
  const seen = new WeakMap<object, Set<PropertyKey>>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const read = new Set<PropertyKey>();
    const proxy = new Proxy(value as object, {
      get(target, key, receiver) {
        read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
    });
    seen.set(value as object, read);
    return proxy;
  };
  const ok = validate(wrap(object));
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword} ${JSON.stringify(e.params)}`);
  const walk = (value: unknown, at: string) => {
    if (value === null || typeof value !== 'object') return;
    const read = seen.get(value as object);
    for (const [key, child] of Object.entries(value as object)) {
      if (read && !read.has(key)) errors.push(`${at}/${key} is not a field of this object`);
      walk(child, `${at}/${key}`);
    }
  };
  walk(object, '');
  return { ok: ok && errors.length === 0, errors };
}

export async function checkKubernetesObject(object: K8sObject): Promise<string[]> {
  const { errors } = unknownFields(await validatorFor(object.apiVersion, object.kind), object);
  return errors.map((e) => `${object.kind}/${object.metadata?.name}: ${e}`);
}
