// Page object of the fabric-designer web app: tests talk about plans, fields and panels, not
// about selectors. Field ids follow src/app/edit/field.rs `element_id`: "field" + the JSON Pointer with
// "/" written as "-".
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";

export const STORAGE_KEY = "fabric-designer.plan.v1";

export function fieldId(path: string): string {
  return path === "" ? "field-plan" : "field" + path.replaceAll("/", "-");
}

export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the app (optionally at a path or link) and waits until it has rendered. */
  async open(url = "/"): Promise<void> {
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.waitForSelector("html[data-ready]");
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  field(path: string): Locator {
    return this.page.locator(`#${fieldId(path)}`);
  }

  /** The problems listed under a field (its aria-describedby target). */
  fieldProblems(path: string): Locator {
    return this.page.locator(`#${fieldId(path)}-problems`);
  }

  async fill(path: string, value: string): Promise<void> {
    await this.field(path).fill(value);
  }

  get problemCount(): Locator {
    return this.page.getByTestId("problem-count");
  }

  diagnostics(code?: string): Locator {
    const all = this.page.getByTestId("diagnostic");
    return code ? all.and(this.page.locator(`[data-code="${code}"]`)) : all;
  }

  /** No errors and no warnings (information may remain). */
  async expectClean(): Promise<void> {
    await expect(this.problemCount).toHaveText("0 errors, 0 warnings");
    await expect(this.page.locator("li.error > [data-testid=diagnostic], li.warning > [data-testid=diagnostic]")).toHaveCount(0);
  }

  items(list: string): Locator {
    return this.page.getByTestId(`${list}-item`);
  }

  item(list: string, index: number): Locator {
    return this.page.locator(`#${fieldId(`/${list}/${index}`)}`);
  }

  async add(list: string): Promise<void> {
    await this.page.getByTestId(`add-${list}`).click();
  }

  async remove(list: string, index: number): Promise<void> {
    await this.item(list, index).getByRole("button", { name: /^Remove / }).click();
  }

  async duplicate(list: string, index: number): Promise<void> {
    await this.item(list, index).getByRole("button", { name: /^Duplicate / }).click();
  }

  async loadExample(name: string): Promise<void> {
    await this.page.getByTestId("example-picker").selectOption(name);
    await this.page.getByTestId("load-example").click();
  }

  get notice(): Locator {
    return this.page.getByTestId("notice");
  }

  /** The plan as saved in local storage (written 400 ms after the last change). */
  async savedPlan(): Promise<any> {
    await this.page.waitForTimeout(600);
    const text = await this.page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
    return text === null ? null : JSON.parse(text);
  }

  async downloadBundle(): Promise<Download> {
    const wait = this.page.waitForEvent("download");
    await this.page.getByTestId("download-bundle").click();
    return wait;
  }

  async savePlan(): Promise<Download> {
    const wait = this.page.waitForEvent("download");
    await this.page.getByTestId("save-plan").click();
    return wait;
  }

  async openFile(name: string, contents: string): Promise<void> {
    await this.page.getByTestId("open-file").setInputFiles({
      name,
      mimeType: "application/json",
      buffer: Buffer.from(contents),
    });
  }

  /** Drops a file on the app, as dragging it from the desktop does. */
  async dropFile(name: string, contents: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ([name, contents]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([contents], name, { type: "application/json" }));
        return dt;
      },
      [name, contents],
    );
    await this.page.locator(".app").dispatchEvent("dragover", { dataTransfer });
    await this.page.locator(".app").dispatchEvent("drop", { dataTransfer });
  }

  async shareLink(): Promise<string> {
    await this.page.getByTestId("share").click();
    const input = this.page.getByTestId("share-url");
    await expect(input).toBeVisible();
    return input.inputValue();
  }

  fileButton(path: string): Locator {
    return this.page.locator(`[data-testid="file"][data-path="${path}"]`);
  }

  get fileContent(): Locator {
    return this.page.getByTestId("file-content");
  }
}

export async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path!, "utf8");
}
