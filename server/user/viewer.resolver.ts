import { Arg, Ctx, Extensions, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import type { Viewer } from '../auth/viewer.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { listBound } from '../limits/list-bounds.js';
import { preferencesOf, updatePreferences } from './preferences.js';
import { PreferencesInput, PreferencesView, ViewerView } from './viewer.types.js';

/** `viewer` and `updatePreferences`: what the screens need to know about the person using them. */
@Resolver(() => ViewerView)
export class ViewerResolver {
  @Query(() => ViewerView, { description: 'The signed-in user, whether admin, their memberships and preferences.' })
  viewer(@Ctx() { viewer }: RequestContext): ViewerView {
    return viewOf(viewer);
  }

  @Mutation(() => ViewerView, { description: 'Changes the language and the mailed events; a bad field changes nothing.' })
  async updatePreferences(@Arg('input') input: PreferencesInput, @Ctx() { em, viewer }: RequestContext): Promise<ViewerView> {
    await updatePreferences(em, viewer.user, input);
    return viewOf(viewer);
  }

  @FieldResolver(() => [DepartmentMember], { description: 'The departments the user works in, with role, availability and alerts.' })
  // One membership per department at most.
  @Extensions(listBound('departments'))
  async memberships(@Root() view: ViewerView, @Ctx() { em }: RequestContext): Promise<DepartmentMember[]> {
    return em.find(DepartmentMember, { user: view.user.id }, { populate: ['department'], orderBy: { department: { label: 'asc' } } });
  }

  @FieldResolver(() => PreferencesView)
  preferences(@Root() view: ViewerView): PreferencesView {
    return preferencesOf(view.user);
  }
}

function viewOf(viewer: Viewer): ViewerView {
  return { user: viewer.user, isAdmin: viewer.isAdmin };
}
