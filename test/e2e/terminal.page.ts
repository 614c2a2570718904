// Page object for the lab: tests say what a learner does, not which element to poke.
import { expect, type Locator, type Page } from '@playwright/test';

export class TerminalPage {
  readonly transcript: Locator;
  readonly command: Locator;
  /** The network path's text equivalent (an ordered list of hops). */
  readonly hops: Locator;

  constructor(readonly page: Page) {
    this.transcript = page.getByRole('log');
    this.command = page.getByRole('textbox', { name: 'Command', exact: true });
    this.hops = page.getByRole('region', { name: 'Network path' }).getByRole('listitem');
  }

  /** Opens the lab on a scenario (the first visit's default without one). */
  async open(scenario?: string): Promise<void> {
    await this.page.goto(scenario ? `/?scenario=${scenario}` : '/');
    await expect(this.command).toBeVisible();
  }

  /** Opens a scenario and connects to a server with telnet, up to its banner. */
  async telnet(scenario: string, host: string, port: number): Promise<void> {
    await this.open(scenario);
    await this.type(`telnet ${host} ${port}`);
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

  async chooseScenario(title: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: title });
  }

  /** The text equivalent says this of the hop. */
  async seeHop(name: string, state: string): Promise<void> {
    await expect(this.hops.filter({ hasText: name })).toContainText(state);
  }
}
