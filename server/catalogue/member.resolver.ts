import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../auth/context.js';
import { listBound } from '../limits/list-bounds.js';
import { User } from '../model/user.entity.js';
import { AlertPreference } from '../model/catalogue.enums.js';
import { Category } from '../model/category.entity.js';
import { DepartmentMember } from '../model/department-member.entity.js';
import { Department } from '../model/department.entity.js';
import { updateOwnMembership } from './membership.service.js';

/** A department member's relations, and the member's own settings (`updateMyMembership`). */
@Resolver(() => DepartmentMember)
export class DepartmentMemberResolver {
  @FieldResolver(() => User, { description: 'The member; assignTicket(managerId:) takes this user id.' })
  async user(@Root() member: DepartmentMember): Promise<User> {
    return member.user.load({ dataloader: true }) as Promise<User>;
  }

  @FieldResolver(() => Department)
  async department(@Root() member: DepartmentMember): Promise<Department> {
    return member.department.load({ dataloader: true }) as Promise<Department>;
  }

  @FieldResolver(() => [Category], { description: 'The categories MY_CATEGORIES alerts are about (set by a supervisor).' })
  @Extensions(listBound('categoriesPerMember'))
  async categories(@Root() member: DepartmentMember): Promise<Category[]> {
    const categories = await member.categories.load({ dataloader: true });
    return categories.getItems().sort((a, b) => a.path.localeCompare(b.path));
  }

  @Mutation(() => DepartmentMember, {
    description:
      'A member sets their own availability (for automatic assignment) and alert preference; ' +
      'a department one is not a member of answers NOT_FOUND.',
  })
  async updateMyMembership(
    @Arg('departmentId', () => ID) departmentId: string,
    @Arg('available', () => Boolean, { nullable: true }) available: boolean | null,
    @Arg('alert', () => AlertPreference, { nullable: true }) alert: AlertPreference | null,
    @Arg('digestHours', () => [Int], { nullable: true, description: 'Hours of the daily digest, each 0–23; [] for none.' })
    digestHours: number[] | null,
    @Arg('digestWeekends', () => Boolean, { nullable: true }) digestWeekends: boolean | null,
    @Ctx() { em, viewer }: RequestContext,
  ): Promise<DepartmentMember> {
    return updateOwnMembership(em, viewer.userId, departmentId, { available, alert, digestHours, digestWeekends });
  }
}
