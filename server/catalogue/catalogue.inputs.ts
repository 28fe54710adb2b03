import { Field, ID, InputType, Int } from 'type-graphql';
import { TicketVisibility } from '../model/ticket.enums.js';
import { AlertPreference, AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import type { CategoryChanges, DepartmentChanges, FaqChanges, MemberChanges, NewCategory, NewDepartment } from './catalogue-changes.js';

/** A new department (admins). */
@InputType()
export class CreateDepartmentInput implements NewDepartment {
  @Field() code!: string;
  @Field() label!: string;
  @Field({ nullable: true }) confidential?: boolean;
  @Field(() => AssignmentMode, { nullable: true }) assignmentMode?: AssignmentMode;
}

/** Changes to a department; `enabled: false` disables it without losing its tickets. */
@InputType()
export class UpdateDepartmentInput implements DepartmentChanges {
  @Field({ nullable: true }) label?: string;
  @Field({ nullable: true }) enabled?: boolean;
  @Field({ nullable: true }) confidential?: boolean;
  @Field(() => Int, { nullable: true }) reopenDays?: number;
  @Field(() => Int, { nullable: true }) expireDays?: number;
  @Field(() => AssignmentMode, { nullable: true }) assignmentMode?: AssignmentMode;
  @Field(() => String, { nullable: true }) alertEmail?: string | null;
}

/** Fields a category shares between creation and update. */
@InputType()
export class CategoryFieldsInput implements CategoryChanges {
  @Field({ nullable: true }) label?: string;
  @Field(() => ID, { nullable: true, description: 'Parent category of the same department; null for a root.' })
  parentId?: string | null;
  @Field({ nullable: true }) enabled?: boolean;
  @Field({ nullable: true }) hidden?: boolean;
  @Field(() => Int, { nullable: true }) position?: number;
  @Field(() => Int, { nullable: true }) defaultPriority?: number | null;
  @Field(() => TicketVisibility, { nullable: true }) defaultVisibility?: TicketVisibility | null;
  @Field(() => String, { nullable: true }) subjectTemplate?: string | null;
  @Field(() => String, { nullable: true }) messageTemplate?: string | null;
  @Field(() => AssignmentMode, { nullable: true }) assignmentMode?: AssignmentMode | null;
  @Field(() => String, { nullable: true }) alertEmail?: string | null;
}

/** A new category in a department (supervisors, admins). */
@InputType()
export class CreateCategoryInput extends CategoryFieldsInput implements NewCategory {
  @Field(() => ID) departmentId!: string;
}

/** A FAQ entry's fields (supervisors, admins). */
@InputType()
export class FaqInput implements FaqChanges {
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true, description: 'Rich text; sanitised on the server.' }) content?: string;
  @Field({ nullable: true }) enabled?: boolean;
  @Field(() => [ID], { nullable: true }) categoryIds?: string[];
}

/** Adds or changes a department member (supervisors, admins). */
@InputType()
export class DepartmentMemberInput implements MemberChanges {
  @Field(() => ID) departmentId!: string;
  @Field({ description: "The member's uid." }) uid!: string;
  @Field(() => MemberRole, { nullable: true }) role?: MemberRole;
  @Field({ nullable: true }) available?: boolean;
  @Field(() => AlertPreference, { nullable: true }) alert?: AlertPreference;
  @Field(() => [ID], { nullable: true, description: 'Categories for MY_CATEGORIES alerts.' }) categoryIds?: string[];
}
