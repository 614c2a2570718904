// Page object for the lab's terminal: tests say what a learner does, not which element to poke.
import { expect, type Locator, type Page } from '@playwright/test';

export class TerminalPage {
  readonly transcript: Locator;
  readonly command: Locator;

  constructor(readonly page: Page) {
    this.transcript = page.getByRole('log');
    this.command = page.getByRole('textbox', { name: 'Command' });
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.seeReply(220);
  }

  /** Types one line and presses Enter, as a learner at the keyboard would. */
  async type(line: string): Promise<void> {
    await this.command.fill(line);
    await this.command.press('Enter');
  }

  /** A server line starting with this code (and text, when given) is in the transcript. */
  async seeReply(code: number, text?: string): Promise<void> {
    const line = text === undefined ? `S: ${code}` : `S: ${code} ${text}`;
    await expect(this.transcript.getByText(line).last()).toBeVisible();
  }

  async see(text: string): Promise<void> {
    await expect(this.transcript).toContainText(text);
  }

  async chooseProfile(id: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Server profile' }).selectOption(id);
  }
}
