// Page object for the trainer's tools: presenter mode and the live switches.
import { expect, type Locator, type Page } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

export class TrainerPage extends TerminalPage {
  readonly panel: Locator;

  constructor(page: Page) {
    super(page);
    this.panel = page.getByRole('region', { name: 'Trainer' });
  }

  async openTrainer(scenario: string): Promise<void> {
    await this.page.goto(`/?scenario=${scenario}&trainer`);
    await expect(this.panel).toBeVisible();
  }

  async choose(label: RegExp | string, value: string): Promise<void> {
    await this.panel.getByRole('combobox', { name: label }).selectOption(value);
    await this.see('The next connection obeys it.');
  }

  async toggle(label: RegExp | string): Promise<void> {
    await this.panel.getByRole('checkbox', { name: label }).click();
    await this.see('The next connection obeys it.');
  }

  /** telnet to the MX, then the SMTP lines given. */
  async session(host: string, port: number, ...lines: string[]): Promise<void> {
    await this.type(`telnet ${host} ${port}`);
    await this.seeReply(220);
    for (const line of lines) await this.type(line);
  }
}
