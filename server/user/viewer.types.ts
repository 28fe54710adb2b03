import { Field, InputType, ObjectType } from 'type-graphql';
import { TicketEventType } from '../model/ticket.enums.js';
import { User } from '../model/user.entity.js';

/** The signed-in user's choices (docs/api.md, "Preferences"). */
@ObjectType('Preferences', { simpleResolvers: true, description: "The signed-in user's choices." })
export class PreferencesView {
  @Field({ description: 'Language of mails and of the labels the portlet shows: fr or en.' })
  language!: string;

  @Field(() => [TicketEventType], {
    description: 'The events the user wants mailed; all of them unless turned off (new kinds of events start on).',
  })
  notifications!: TicketEventType[];
}

/** Who the caller is, for the screens: the user, whether admin, memberships and preferences. */
@ObjectType('Viewer', { simpleResolvers: true, description: 'The signed-in user, their department memberships and their preferences.' })
export class ViewerView {
  @Field(() => User)
  user!: User;

  @Field({ description: 'Administrators manage departments and everything else.' })
  isAdmin!: boolean;
}

/** What `updatePreferences` changes; a field left out keeps its value. */
@InputType({ description: 'New preferences; fields left out keep their value.' })
export class PreferencesInput {
  @Field(() => String, { nullable: true, description: 'fr or en; anything else is refused (BAD_USER_INPUT, field "language").' })
  language?: string | null;

  @Field(() => [TicketEventType], {
    nullable: true,
    description: 'The events to be mailed about, all others turned off; [] turns every mail off.',
  })
  notifications?: TicketEventType[] | null;
}
