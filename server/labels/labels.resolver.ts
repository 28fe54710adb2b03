import { Arg, Extensions, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { listBound } from '../limits/list-bounds.js';
import { requireLanguage } from '../shared/languages.js';
import { labelsIn } from './labels.js';

/** One word of the catalogue: clients show `text` and never keep their own copy of the guide's words. */
@ObjectType({ simpleResolvers: true, description: 'A word of the helpdesk in one language (docs/api.md, "Labels").' })
export class Label {
  @Field({ description: 'status, eventType, action, priority, visibility, origin, property, role, alert or assignment.' })
  kind!: string;

  @Field({ description: 'The enum value (or priority number, or property name) the text is for.' })
  key!: string;

  @Field()
  text!: string;
}

/** `labels(lang)`: the whole catalogue, so the portlet, mails and other services show the same words. */
@Resolver()
export class LabelResolver {
  @Query(() => [Label], { description: 'Every label in one language: fr (default) or en.' })
  // Every language has the same keys.
  @Extensions(listBound(labelsIn('fr').length))
  labels(@Arg('lang', () => String, { defaultValue: 'fr' }) lang: string): Label[] {
    return labelsIn(requireLanguage(lang, 'lang'));
  }
}
