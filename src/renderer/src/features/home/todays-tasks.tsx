/**
 * Home's "Today's tasks": the seam the activities work fills. Atom does not sync Tasks or Events
 * yet, so there is nothing true to list; the card says so instead of showing an empty list that
 * would read as "no tasks today". When activities are cached, this component reads them (its
 * own query) and Home needs no change.
 */
import { HomeCard } from './home-sections';

export function TodaysTasks() {
  return (
    <HomeCard title="Today’s tasks" testId="home-tasks">
      <p className="muted">Tasks and events arrive with activities, which Atom does not sync yet. Your tasks due today will be listed here.</p>
    </HomeCard>
  );
}
