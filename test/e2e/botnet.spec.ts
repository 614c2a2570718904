import { expect, test, type Page } from '@playwright/test';

/** A counter of the demonstration's table, as a number. */
async function counter(page: Page, name: string): Promise<number> {
  const cell = page.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
  return Number((await cell.textContent())!.replace(/,/g, ''));
}

test('the botnet demonstration: the counters react to the ISPs blocking port 25', async ({
  page,
}) => {
  await page.goto('/?demo=botnet&hosts=800');
  await expect(page.getByRole('heading', { name: /a botnet at work/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('20');
  await expect.poll(() => counter(page, 'Spam delivered')).toBeGreaterThan(0);
  expect(await counter(page, 'Blocked at ISPs')).toBe(0);

  await page.getByRole('checkbox', { name: 'ISPs block outbound port 25' }).check();
  await page.waitForTimeout(600); // the counters show what happened up to the switch
  const spam = await counter(page, 'Spam delivered');
  const real = await counter(page, 'Real mail delivered');
  await expect.poll(() => counter(page, 'Blocked at ISPs')).toBeGreaterThan(1000);
  expect(await counter(page, 'Spam delivered')).toBe(spam);
  await expect.poll(() => counter(page, 'Real mail delivered')).toBeGreaterThan(real);

  await page.getByRole('checkbox', { name: 'ISPs block outbound port 25' }).uncheck();
  await expect.poll(() => counter(page, 'Spam delivered')).toBeGreaterThan(spam);
});

test('a number of machines out of range is refused with a reason', async ({ page }) => {
  await page.goto('/?demo=botnet&hosts=50000');
  await expect(page.getByRole('alert')).toContainText(
    'hosts=50000 is not a number of machines from 1 to 10000; showing 5000.',
  );
  await page.getByRole('spinbutton', { name: 'Infected machines' }).fill('0');
  await expect(page.getByText('Between 1 and 10000 machines, please.')).toBeVisible();
});
