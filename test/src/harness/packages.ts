/**
 * The workspace packages packed and installed into the consumer project. Each must also be a
 * `workspace:*` devDependency of this package, so turbo builds it before these tests run (the
 * global setup checks that). To cover a package in every runtime, add it here and its calls to
 * fixtures/probe.js, with the expected values in expected.ts.
 */
export const packedPackages = ['packages/kernels'] as const;
