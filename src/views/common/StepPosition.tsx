/**
 * What the cursor's position means, in words: "after step 8: store(p, "33") in child". Every view
 * that shows a state says which one, so a screenshot or a projector never leaves it to guess.
 */
import { useApp } from '../../store/react';
import { selectStepPosition } from '../../store/select';
import { stepPositionText } from '../../store/selectors/position';

export function StepPosition({ prefix = '' }: { prefix?: string }) {
  const pos = useApp(selectStepPosition);
  return (
    <span className="step-position">
      {prefix}
      {stepPositionText(pos)}
    </span>
  );
}
