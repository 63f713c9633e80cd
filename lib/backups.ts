/**
 * Backups that point-in-time recovery does not already give: PITR keeps 35 days in the table's own
 * account and region, and goes with the account. This keeps daily and monthly backups in a vault
 * with a vault lock (nobody, an administrator included, deletes them before their time), and
 * copies each to a vault in another region or account when `backupCopyVaultArn` names one.
 * DynamoDB backups are copied across regions and accounts only with AWS Backup's advanced
 * features for DynamoDB turned on in the account (README, "Backups").
 */
import { Duration, RemovalPolicy, Validations, aws_backup as backup, aws_dynamodb as dynamodb, aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface BackupsProps {
  stage: string;
  table: dynamodb.ITable;
  /** a vault elsewhere that every backup is copied to */
  copyVaultArn: string | undefined;
}

/** How long the backups are kept: a month of dailies, a year of monthlies. */
export const backupRetention = { dailyDays: 35, monthlyDays: 365 };

export class Backups extends Construct {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `satsning-${props.stage}`,
      // Governance mode: an account with the right permission can still lift it. Compliance mode
      // (changeableFor) cannot be undone by anyone: turn it on in the console once the retention is settled.
      lockConfiguration: { minRetention: Duration.days(7), maxRetention: Duration.days(backupRetention.monthlyDays + 35) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const copyTo = props.copyVaultArn ? backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyVaultArn) : undefined;
    const copy = (days: number) => (copyTo ? [{ destinationBackupVault: copyTo, deleteAfter: Duration.days(days) }] : undefined);
    const plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: `satsning-${props.stage}`, backupVault: this.vault });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        // 03:00 in Stockholm in winter (the schedule's zone is UTC)
        scheduleExpression: events.Schedule.cron({ hour: '2', minute: '0' }),
        deleteAfter: Duration.days(backupRetention.dailyDays),
        copyActions: copy(backupRetention.dailyDays),
      }),
    );
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Monthly',
        scheduleExpression: events.Schedule.cron({ day: '1', hour: '3', minute: '0' }),
        deleteAfter: Duration.days(backupRetention.monthlyDays),
        copyActions: copy(backupRetention.monthlyDays),
      }),
    );
    const selection = plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(props.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's own policy for taking backups, as AWS maintains it for the service's role.",
    });
  }
}
