import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'declarations' })
export class DeclarationEntity {
  @PrimaryColumn({ name: 'declaration_id', type: 'text' }) declarationId!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'office_code', type: 'text' }) officeCode!: string;
  @Column({ name: 'importer_id', type: 'text', nullable: true }) importerId!: string | null;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
