import { Field, ID, InputType } from 'type-graphql';
import { ServiceScope } from '../model/service-account.enums.js';

/** createServiceAccount's input (docs/api.md, "Service accounts"). */
@InputType()
export class ServiceAccountInput {
  @Field({ description: 'Who the account is for, e.g. "Scolarité — Apogée" (shown in history as "via <name>").' })
  name!: string;

  @Field(() => [ServiceScope])
  scopes!: ServiceScope[];

  @Field(() => [ID], { description: 'The departments it works in; its scopes hold there only.' })
  departmentIds!: string[];

  @Field(() => Date, { nullable: true, description: 'When the key stops working; null: until revoked.' })
  expiresAt?: Date | null;
}
