// A delivered goal with `attachment`: the message carries that file of the home directory,
// whole, whatever its MIME part is called (swaks names `--attach @photo.jpg` "@photo.jpg").
import { describe, expect, it } from 'vitest';
import { goalMet } from '../../src/engine/lessons/goals.ts';
import { shellIn } from '../tools/shell-in.ts';

const SUBMIT =
  'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret --suppress-data';

const goal = {
  kind: 'delivered',
  to: 'bob@example.org',
  via: 'smtp.example.net',
  attachment: 'photo-small.jpg',
} as const;

function delivered(options: string) {
  const { shell, lines } = shellIn('home-isp-blocks-25');
  shell.run(`${SUBMIT} ${options}`);
  expect(lines()).toContain('<~  221 2.0.0 Bye');
  return goalMet(goal, shell.sim.recorded);
}

describe('a delivered goal that asks for an attachment', () => {
  it('is met by the file attached, by any of the names swaks gives it', () => {
    expect(delivered('--attach @photo-small.jpg')).toBe(true);
    expect(delivered('--attach @./photo-small.jpg')).toBe(true);
    expect(delivered('--attach @photo-small.jpg --attach-name holiday.jpg')).toBe(true);
    // The older form, which swaks reads as a file name when such a file exists.
    expect(delivered('--attach photo-small.jpg')).toBe(true);
  });

  it('is not met by another file, a file under its name, or no attachment', () => {
    expect(delivered('--attach @photo.jpg')).toBe(false); // 10240000 by default: delivered
    expect(delivered('--attach @message.txt --attach-name photo-small.jpg')).toBe(false);
    expect(
      delivered('--attach-type image/jpeg --attach "not a photo" --attach-name photo-small.jpg'),
    ).toBe(false);
    expect(delivered('')).toBe(false);
  });
});
