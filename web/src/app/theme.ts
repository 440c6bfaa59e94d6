// One theme for the console (and, in spirit, the server-rendered pages in src/sso/pages.ts).
// Mantine's defaults miss WCAG AA contrast in a few places (white on shade-6 buttons, shade-6 text
// on light badges, dimmed text); the overrides below keep every pairing at 4.5:1 or better.
import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // People who asked their system for less motion get no transitions.
  respectReducedMotion: true,
  // Filled backgrounds one shade darker: white text on them reads at 4.5:1 or more.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  components: {
    // Links are recognisable without colour, also inside running text.
    Anchor: { defaultProps: { underline: 'always' } },
    // A badge says a short word in full; it never shrinks into "MANAG…".
    Badge: { defaultProps: { radius: 'sm' }, styles: { root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } } },
    // Mantine's close button is an icon: give it a name screen readers can say.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
});

/** A hex colour darkened towards black by `amount` (0–1). */
function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 0xff) * (1 - amount));
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}

export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': t.colors.gray[7] };
  const dark: Record<string, string> = { '--mantine-color-dimmed': t.colors.dark[1] };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'dark') continue;
    // Text on light badges, alerts and buttons: darker than the palette's darkest in the light scheme.
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.3);
    light[`--mantine-color-${name}-text`] = darken(shades[9], 0.15);
    dark[`--mantine-color-${name}-light-color`] = shades[2];
  }
  return { variables: {}, light, dark };
};
