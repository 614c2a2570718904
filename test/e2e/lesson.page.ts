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

  /** Opens a lesson and reads its text (on a narrow screen, in the lesson's own pane). */
  async openLesson(id: string, title: string): Promise<void> {
    await this.page.goto(`/?lesson=${id}`);
    const panes = this.page.getByRole('navigation', { name: 'Panes' });
    if (await panes.isVisible()) await this.showPane('Lesson');
    await expect(this.page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  }

  async seeGoalsMet(met: number, of: number): Promise<void> {
    await expect(this.goalsStatus).toContainText(`${met} of ${of} goals met`);
  }

  async goal(text: string): Promise<Locator> {
    return this.panel.getByRole('listitem').filter({ hasText: text });
  }

  /** The lesson's goals, its current one ("Now:"), and the diagram of the path. */
  get goals(): Locator {
    return this.panel.getByRole('list').first().getByRole('listitem');
  }

  get currentGoal(): Locator {
    return this.goals.filter({ hasText: 'Now:' });
  }

  get diagram(): Locator {
    return this.page.getByRole('img', { name: 'Network path' });
  }

  /** On a narrow screen: the panes switch, and the lesson strip over the terminal. */
  async showPane(name: 'Lesson' | 'Terminal' | 'Network path' | 'Inspector'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Panes' })
      .getByRole('button', { name })
      .click();
  }

  get strip(): Locator {
    return this.page.getByRole('region', { name: 'Lesson progress' });
  }

  /** Climbs the hint ladder to its last step, which puts the next step in the input. */
  async askForNextStep(): Promise<void> {
    // One button climbs the ladder; it waits for the panel (a narrow screen renders it late).
    const ladder = this.panel.getByRole('button', {
      name: /^(Show a hint|Put the next step in the input)/,
    });
    for (;;) {
      const label = await ladder.innerText();
      await ladder.click();
      if (label.startsWith('Put the next step')) break;
      await expect(ladder).not.toHaveText(label);
    }
  }

  /** The quiz choice whose text starts with this, as a button. */
  choice(text: string): Locator {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.panel.getByRole('button', { name: new RegExp(`^\\d\\. ${escaped}`) });
  }

  /** The page's width is the window's: nothing scrolls sideways. */
  async seeNoSidewaysScroll(): Promise<void> {
    const overflow = await this.page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async openMap(): Promise<void> {
    const map = this.panel.getByText('All lessons and your progress');
    await map.click();
  }
}
