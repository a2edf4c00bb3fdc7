/**
 * The workspace packages packed and installed into the consumer project. Each must also be a
 * `workspace:*` devDependency of this package, so turbo builds it before these tests run (the
 * global setup checks that). To cover a package in every runtime, add it here, a probe for it in
 * fixtures/probe-<part>.js (and its part in harness/bundle.ts), with the expected values in
 * expected.ts.
 */
export const packedPackages = ['packages/kernels', 'packages/core', 'packages/tokenizer', 'packages/image', 'packages/text'] as const;
