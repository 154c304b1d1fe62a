// The tour's steps, in order: the main path a new user takes, each checked on screen. A feature adds its steps as
// an array in its own file under steps/ and spreads it in here, before `signOut` (every step before it runs signed
// in as the agent, with the Tickets view open); `TourContext.shared` carries what one step leaves for the next.
import { otherExtensionSteps } from './steps/otherExtension';
import { requestSteps } from './steps/requests';
import { ticketDetailSteps } from './steps/ticketDetail';
import { signInSteps } from './steps/signIn';
import { signOut } from './steps/signOut';
import { ticketSteps } from './steps/tickets';
import type { TourStep } from './tourStep';

export const tourSteps: readonly TourStep[] = [
  ...signInSteps,
  ...ticketSteps,
  ...ticketDetailSteps,
  ...requestSteps,
  ...otherExtensionSteps,
  signOut,
];
