/** Minutes between scheduled syncs, in words; 0 is "only when I ask". */
export function intervalLabel(minutes: number): string {
  if (minutes === 0) return 'Only when I press Sync now';
  if (minutes % 60 === 0) return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} hours`;
  return minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`;
}
