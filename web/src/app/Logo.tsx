export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden focusable="false">
      <path fill="var(--mantine-color-blue-filled)" d="M16 2 4 7v8c0 7.4 5.1 13.4 12 15 6.9-1.6 12-7.6 12-15V7z" />
      <path fill="#fff" d="m14.5 20.6-4.6-4.6 1.8-1.8 2.8 2.8 6.3-6.3 1.8 1.8z" />
    </svg>
  );
}
