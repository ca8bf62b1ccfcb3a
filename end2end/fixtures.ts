// The test fixture: a fresh page with the app object, and a check after every test that the
// browser reported no console error, no uncaught exception and no CSP violation.
import { test as base, expect } from "@playwright/test";
import { AppPage } from "./pages/app";

type Fixtures = { app: AppPage; browserProblems: string[] };

export const test = base.extend<Fixtures>({
  browserProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await use(problems);
    expect(problems, "the browser reported problems").toEqual([]);
  },
  app: async ({ page, browserProblems }, use) => {
    void browserProblems;
    await use(new AppPage(page));
  },
});

export { expect };
