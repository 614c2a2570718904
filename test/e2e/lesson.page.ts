// Page object for a lesson: what a learner does in the lesson panel.
import { expect, type Locator, type Page } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

export class LessonPage extends TerminalPage {
  readonly panel: Locator;
  readonly goalsStatus: Locator;

  constructor(page: Page) {
    super(page);
    this.panel = page.getByRole('complementary', { name: /^(?!Try this)/ }).filter({
      has: page.getByRole('heading', { name: 'Goals' }),
    });
    this.goalsStatus = this.panel.getByText(/\d+ of \d+ goals met/);
  }

  async openLesson(id: string, title: string): Promise<void> {
    await this.page.goto(`/?lesson=${id}`);
    await expect(this.page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  }

  async seeGoalsMet(met: number, of: number): Promise<void> {
    await expect(this.goalsStatus).toContainText(`${met} of ${of} goals met`);
  }

  async goal(text: string): Promise<Locator> {
    return this.panel.getByRole('listitem').filter({ hasText: text });
  }

  async openMap(): Promise<void> {
    const map = this.panel.getByText('All lessons and your progress');
    await map.click();
  }
}
