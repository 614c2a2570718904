/** 5000 → "5,000", as `toLocaleString('en')` prints it, without starting up Intl: the first
 * Intl call loads locale data and cost the page's first task over 10 ms. */
export function thousands(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + grouped + (fraction === undefined ? '' : `.${fraction}`);
}
