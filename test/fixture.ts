import { afterAll, beforeAll } from 'vitest';
import { makeScene, type makeDepartment, type Scene } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/** The app's settings, or a function giving them once the earlier hooks ran (a temporary folder, an S3 server). */
export type TestAppEnv = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** A value made in a hook, handed out before it exists: `handle` forwards to `value` once a hook has set it. */
export class Late<T extends object> {
  value: T | undefined;
  readonly handle: T;

  constructor(what: string) {
    const real = (): T => {
      // Read at collection time (outside a hook or a test), or after afterAll: say so rather than fail on `undefined`.
      if (this.value === undefined)
        throw new Error(`${what} exists only between its beforeAll and afterAll: use it inside a hook or a test`);
      return this.value;
    };
    this.handle = new Proxy({} as T, {
      get: (_, key) => Reflect.get(real(), key),
      set: (_, key, value) => Reflect.set(real(), key, value),
      has: (_, key) => Reflect.has(real(), key),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
        // The stand-in's own target is empty: a proxy may only report configurable properties it does not hold.
        return descriptor && { ...descriptor, configurable: true };
      },
    });
  }
}

/**
 * The server of the enclosing describe (or file): started in beforeAll on its own database, stopped
 * and its database dropped in afterAll, so a test file says in one line what its preamble said in nine.
 * Hooks the file registers after this call run after the start and before the stop (Vitest's default
 * `sequence.hooks: 'stack'` runs afterAll hooks in reverse order).
 */
export function useTestApp(env: TestAppEnv = {}): TestApp {
  const app = new Late<TestApp>('The test app');
  beforeAll(async () => {
    app.value = await startTestApp(typeof env === 'function' ? await env() : env);
  });
  afterAll(async () => {
    const running = app.value;
    app.value = undefined;
    // A failed start already failed the file: nothing to stop, and no second error to hide the first.
    await running?.stop();
  });
  return app.handle;
}

/** The describe's own cast (makeScene) in `app`'s database, built in beforeAll: each file keeps its own data. */
export function useScene(app: TestApp, departmentExtra: Parameters<typeof makeDepartment>[1] = {}): Scene {
  const scene = new Late<Scene>('The scene');
  beforeAll(async () => {
    scene.value = await makeScene(app, departmentExtra);
  });
  return scene.handle;
}
