import { assertExampleMatchesArgsFile } from "./mirror";

/**
 * The TypeScript example and the args file for the command-line tool describe the same homelab;
 * running the example under mocks must create exactly what the args file plans.
 */
describe("examples/homelab", () => {
  it("creates exactly what examples/homelab/zerotrust.yaml plans", async () => {
    await assertExampleMatchesArgsFile("homelab", "homelab");
  });
});
