import type { EntityManager } from '@mikro-orm/postgresql';
import { MemberRole } from '../model/catalogue.enums.js';
import * as catalogue from '../catalogue/catalogue.service.js';
import type { Category } from '../model/category.entity.js';
import { Department } from '../model/department.entity.js';
import { User } from '../model/user.entity.js';

const USERS = [
  { uid: 'alice', displayName: 'Alice Martin', email: 'alice@univ.example.fr' },
  { uid: 'bob', displayName: 'Bob Durand', email: 'bob@univ.example.fr' },
  { uid: 'gestionnaire', displayName: 'Gaëlle Gestionnaire', email: 'gestionnaire@univ.example.fr' },
  { uid: 'superviseur', displayName: 'Sylvain Superviseur', email: 'superviseur@univ.example.fr' },
  { uid: 'admin', displayName: 'Administrateur', email: 'admin@univ.example.fr', isAdmin: true },
];

// department → root category → sub-categories (paths read "DNUM - ENT", "Exterieurs - ENT").
const CATALOGUE: { code: string; label: string; tree: Record<string, string[]> }[] = [
  { code: 'DNUM', label: 'Direction du numérique', tree: { DNUM: ['ENT', 'Messagerie', 'Wifi', 'Imprimer'], Exterieurs: ['ENT'] } },
  { code: 'SCOL', label: 'Scolarité', tree: { Scolarité: ['Inscriptions', 'Examens', 'Diplômes'] } },
  { code: 'BIBLIO', label: 'Bibliothèques', tree: { Bibliothèques: ['Prêt entre bibliothèques', 'Ressources électroniques'] } },
];

const FAQS = [
  {
    dept: 'DNUM',
    paths: ['DNUM - ENT', 'Exterieurs - ENT'],
    title: "Je n'arrive pas à me connecter à l'ENT",
    content:
      '<p>Vérifiez votre identifiant, puis réinitialisez votre mot de passe depuis la page de connexion. Si le problème persiste, déposez un ticket.</p>',
  },
  {
    dept: 'DNUM',
    paths: ['DNUM - ENT', 'DNUM - Messagerie'],
    title: 'Réinitialiser mon mot de passe',
    content: "<p>Rendez-vous sur la page « Mot de passe oublié » du portail d'authentification.</p>",
  },
  {
    dept: 'DNUM',
    paths: ['DNUM - Wifi'],
    title: 'Se connecter au réseau eduroam',
    content: '<p>Utilisez votre identifiant suivi de <code>@univ.example.fr</code> et votre mot de passe ENT.</p>',
  },
  {
    dept: 'SCOL',
    paths: ['Scolarité - Inscriptions'],
    title: 'Obtenir un certificat de scolarité',
    content: "<p>Il est téléchargeable dans l'onglet « Scolarité » de l'ENT.</p>",
  },
];

/** Loads the demo catalogue and users into an empty database (dev mode, `npm run seed`); false when data already exists. */
export async function seedDemo(em: EntityManager): Promise<boolean> {
  if ((await em.count(Department)) > 0) return false;
  await em.transactional(async (tx) => {
    for (const u of USERS) tx.create(User, u);
    const categories = new Map<string, Category>();
    for (const d of CATALOGUE) {
      const department = await catalogue.createDepartment(tx, { code: d.code, label: d.label });
      for (const [root, children] of Object.entries(d.tree)) {
        const parent = await catalogue.createCategory(tx, department, { departmentId: String(department.id), label: root });
        categories.set(parent.path, parent);
        for (const [position, label] of children.entries()) {
          const child = await catalogue.createCategory(tx, department, {
            departmentId: String(department.id),
            label,
            parentId: String(parent.id),
            position,
          });
          categories.set(child.path, child);
        }
      }
      if (d.code === 'DNUM') {
        await catalogue.saveMember(tx, department, { departmentId: String(department.id), uid: 'gestionnaire', role: MemberRole.MANAGER });
        await catalogue.saveMember(tx, department, {
          departmentId: String(department.id),
          uid: 'superviseur',
          role: MemberRole.SUPERVISOR,
        });
      }
    }
    for (const f of FAQS) {
      const department = await tx.findOneOrFail(Department, { code: f.dept });
      const categoryIds = f.paths.map((p) => String(categories.get(p)!.id));
      await catalogue.saveFaq(tx, department, null, { title: f.title, content: f.content, categoryIds });
    }
  });
  return true;
}
