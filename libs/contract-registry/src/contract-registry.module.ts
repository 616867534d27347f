import {
  type BeforeApplicationShutdown,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Database, runMigrations } from '@roaming/event-store';
import { MessageBus, type Subscription } from '@roaming/messaging';
import { AcceptAgreementController } from './agreement/features/accept-agreement/accept-agreement.controller';
import { AcceptAgreementHandler } from './agreement/features/accept-agreement/accept-agreement.handler';
import { AgreementWriter } from './agreement/features/agreement-writer';
import { AnswerAgreementRequestController } from './agreement/features/answer-agreement-request/answer-agreement-request.controller';
import { AnswerAgreementRequestHandler } from './agreement/features/answer-agreement-request/answer-agreement-request.handler';
import { DeactivateAgreementController } from './agreement/features/deactivate-agreement/deactivate-agreement.controller';
import { DeactivateAgreementHandler } from './agreement/features/deactivate-agreement/deactivate-agreement.handler';
import { DeclineAgreementController } from './agreement/features/decline-agreement/decline-agreement.controller';
import { DeclineAgreementHandler } from './agreement/features/decline-agreement/decline-agreement.handler';
import { MakeAgreementRequestController } from './agreement/features/make-agreement-request/make-agreement-request.controller';
import { MakeAgreementRequestHandler } from './agreement/features/make-agreement-request/make-agreement-request.handler';
import { ResumeAgreementController } from './agreement/features/resume-agreement/resume-agreement.controller';
import { ResumeAgreementHandler } from './agreement/features/resume-agreement/resume-agreement.handler';
import { SuspendAgreementController } from './agreement/features/suspend-agreement/suspend-agreement.controller';
import { SuspendAgreementHandler } from './agreement/features/suspend-agreement/suspend-agreement.handler';
import { WithdrawAgreementRequestController } from './agreement/features/withdraw-agreement-request/withdraw-agreement-request.controller';
import { WithdrawAgreementRequestHandler } from './agreement/features/withdraw-agreement-request/withdraw-agreement-request.handler';
import { ListAgreementsController } from './agreement/features/list-agreements/list-agreements.controller';
import { ListAgreementsHandler } from './agreement/features/list-agreements/list-agreements.handler';
import { AgreementListReader } from './agreement/projections/agreement-list/agreement-list.reader';
import { GetTariffController } from './tariff/features/get-tariff/get-tariff.controller';
import { GetTariffHandler } from './tariff/features/get-tariff/get-tariff.handler';
import { ListTariffsController } from './tariff/features/list-tariffs/list-tariffs.controller';
import { ListTariffsHandler } from './tariff/features/list-tariffs/list-tariffs.handler';
import { PublishTariffController } from './tariff/features/publish-tariff/publish-tariff.controller';
import { PublishTariffHandler } from './tariff/features/publish-tariff/publish-tariff.handler';
import { TariffListReader } from './tariff/projections/tariff-list/tariff-list.reader';
import { TariffCatalog } from './tariff/tariff-catalog';
import { GetAgreementController } from './agreement/features/get-agreement/get-agreement.controller';
import { GetAgreementHandler } from './agreement/features/get-agreement/get-agreement.handler';
import { OfferAgreementController } from './agreement/features/offer-agreement/offer-agreement.controller';
import { OfferAgreementHandler } from './agreement/features/offer-agreement/offer-agreement.handler';
import { contractRegistryMigrations } from './contract-registry.migrations';
import { ContractBook } from './ev-contract/contract-book/contract-book';
import { ChangeContractStatusController } from './ev-contract/features/change-contract-status/change-contract-status.controller';
import { ChangeContractStatusHandler } from './ev-contract/features/change-contract-status/change-contract-status.handler';
import { EvContractWriter } from './ev-contract/features/ev-contract-writer';
import { GetWhitelistController } from './ev-contract/features/get-whitelist/get-whitelist.controller';
import { GetWhitelistHandler } from './ev-contract/features/get-whitelist/get-whitelist.handler';
import { ListContractsController } from './ev-contract/features/list-contracts/list-contracts.controller';
import { ListContractsHandler } from './ev-contract/features/list-contracts/list-contracts.handler';
import { StoreContractController } from './ev-contract/features/store-contract/store-contract.controller';
import { StoreContractHandler } from './ev-contract/features/store-contract/store-contract.handler';
import { ContractBatchApplier } from './ev-contract/features/upload-contract-batch/contract-batch.applier';
import { UploadContractBatchController } from './ev-contract/features/upload-contract-batch/upload-contract-batch.controller';
import { UploadContractBatchHandler } from './ev-contract/features/upload-contract-batch/upload-contract-batch.handler';
import { RegistryProjections } from './registry-projections';
import { WhitelistReader } from './ev-contract/projections/whitelist/whitelist.reader';
import {
  CONTRACT_INTAKE_GROUP,
  CONTRACTS_INBOUND_TOPIC,
  ContractIntakeConsumer,
} from './integration/contract-intake.consumer';
import { ChangeTokenStatusController } from './ev-contract/features/change-token-status/change-token-status.controller';
import { ChangeTokenStatusHandler } from './ev-contract/features/change-token-status/change-token-status.handler';
import { GetContractController } from './ev-contract/features/get-contract/get-contract.controller';
import { GetContractHandler } from './ev-contract/features/get-contract/get-contract.handler';
import { RegisterContractController } from './ev-contract/features/register-contract/register-contract.controller';
import { RegisterContractHandler } from './ev-contract/features/register-contract/register-contract.handler';
import { ContractRegistryForwarder } from './integration/contract-registry.forwarder';
import { DeactivatePartnerController } from './partner/features/deactivate-partner/deactivate-partner.controller';
import { DeactivatePartnerHandler } from './partner/features/deactivate-partner/deactivate-partner.handler';
import {
  DeclareOwnRoamingPartnersController,
  DeclareRoamingPartnersController,
} from './partner/features/declare-roaming-partners/declare-roaming-partners.controller';
import { DeclareRoamingPartnersHandler } from './partner/features/declare-roaming-partners/declare-roaming-partners.handler';
import { GetOwnPartnerController } from './partner/features/get-own-partner/get-own-partner.controller';
import {
  RotateCredentialController,
  RotateOwnCredentialController,
} from './partner/features/rotate-credential/rotate-credential.controller';
import { RotateCredentialHandler } from './partner/features/rotate-credential/rotate-credential.handler';
import {
  SetOwnEndpointsController,
  SetPartnerEndpointsController,
} from './partner/features/set-partner-endpoints/set-partner-endpoints.controller';
import { SetPartnerEndpointsHandler } from './partner/features/set-partner-endpoints/set-partner-endpoints.handler';
import { GetPartnerController } from './partner/features/get-partner/get-partner.controller';
import { GetPartnerHandler } from './partner/features/get-partner/get-partner.handler';
import { IssueCredentialController } from './partner/features/issue-credential/issue-credential.controller';
import { IssueCredentialHandler } from './partner/features/issue-credential/issue-credential.handler';
import { ListPartnersController } from './partner/features/list-partners/list-partners.controller';
import { ListPartnersHandler } from './partner/features/list-partners/list-partners.handler';
import { ReactivatePartnerController } from './partner/features/reactivate-partner/reactivate-partner.controller';
import { ReactivatePartnerHandler } from './partner/features/reactivate-partner/reactivate-partner.handler';
import { RegisterPartnerController } from './partner/features/register-partner/register-partner.controller';
import { RegisterPartnerHandler } from './partner/features/register-partner/register-partner.handler';
import { RevokeCredentialController } from './partner/features/revoke-credential/revoke-credential.controller';
import { RevokeCredentialHandler } from './partner/features/revoke-credential/revoke-credential.handler';
import { SuspendPartnerController } from './partner/features/suspend-partner/suspend-partner.controller';
import { SuspendPartnerHandler } from './partner/features/suspend-partner/suspend-partner.handler';
import { PartyDirectory } from './partner/party-directory';
import { PartnerListReader } from './partner/projections/partner-list/partner-list.reader';
import { PartnerProjections } from './partner/projections/partner-projections';

/**
 * The contract registry: partners and their credentials, roaming agreements, EV contracts and tokens.
 * Infrastructure (Database, EventStore, MessageBus, Clock, IdGenerator, AppConfig) comes from the app's global
 * InfrastructureModule; this module runs its migrations, its projections and its forwarder.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    RegisterPartnerController,
    ListPartnersController,
    GetPartnerController,
    IssueCredentialController,
    RevokeCredentialController,
    SuspendPartnerController,
    ReactivatePartnerController,
    DeactivatePartnerController,
    RotateCredentialController,
    SetPartnerEndpointsController,
    DeclareRoamingPartnersController,
    GetOwnPartnerController,
    RotateOwnCredentialController,
    SetOwnEndpointsController,
    DeclareOwnRoamingPartnersController,
    OfferAgreementController,
    AcceptAgreementController,
    DeclineAgreementController,
    MakeAgreementRequestController,
    AnswerAgreementRequestController,
    WithdrawAgreementRequestController,
    SuspendAgreementController,
    ResumeAgreementController,
    DeactivateAgreementController,
    ListAgreementsController,
    GetAgreementController,
    UploadContractBatchController,
    ListContractsController,
    RegisterContractController,
    StoreContractController,
    ChangeContractStatusController,
    ChangeTokenStatusController,
    GetContractController,
    GetWhitelistController,
    PublishTariffController,
    ListTariffsController,
    GetTariffController,
  ],
  providers: [
    PartyDirectory,
    AgreementWriter,
    PartnerListReader,
    PartnerProjections,
    ContractRegistryForwarder,
    RegisterPartnerHandler,
    ListPartnersHandler,
    GetPartnerHandler,
    IssueCredentialHandler,
    RevokeCredentialHandler,
    SuspendPartnerHandler,
    ReactivatePartnerHandler,
    DeactivatePartnerHandler,
    RotateCredentialHandler,
    SetPartnerEndpointsHandler,
    DeclareRoamingPartnersHandler,
    OfferAgreementHandler,
    AcceptAgreementHandler,
    DeclineAgreementHandler,
    MakeAgreementRequestHandler,
    AnswerAgreementRequestHandler,
    WithdrawAgreementRequestHandler,
    SuspendAgreementHandler,
    ResumeAgreementHandler,
    DeactivateAgreementHandler,
    ListAgreementsHandler,
    GetAgreementHandler,
    ContractBook,
    EvContractWriter,
    ContractBatchApplier,
    RegistryProjections,
    WhitelistReader,
    ContractIntakeConsumer,
    RegisterContractHandler,
    StoreContractHandler,
    ChangeContractStatusHandler,
    ChangeTokenStatusHandler,
    GetContractHandler,
    ListContractsHandler,
    UploadContractBatchHandler,
    GetWhitelistHandler,
    AgreementListReader,
    TariffListReader,
    TariffCatalog,
    PublishTariffHandler,
    ListTariffsHandler,
    GetTariffHandler,
  ],
  exports: [PartnerProjections, RegistryProjections, ContractRegistryForwarder],
})
export class ContractRegistryModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ContractRegistryModule.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly db: Database,
    private readonly bus: MessageBus,
    private readonly projections: PartnerProjections,
    private readonly registryProjections: RegistryProjections,
    private readonly forwarder: ContractRegistryForwarder,
    private readonly book: ContractBook,
    private readonly intake: ContractIntakeConsumer,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, contractRegistryMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations ${applied.join(', ')}`);
    await this.book.rebuildIfEmpty();
    // Subscribe here, not at bootstrap: every onModuleInit runs before any onApplicationBootstrap, and the in-process
    // bus keeps nothing for a late subscriber.
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: CONTRACT_INTAKE_GROUP,
        topics: [CONTRACTS_INBOUND_TOPIC],
        handler: this.intake.handle,
        // A message that lost the race for its EVSP's contract book is retried, not a poison message.
        maxAttempts: 10,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Catch up before serving, so the credential directory knows every key issued while the process was down.
    for (const processor of [...this.projections.processors, ...this.registryProjections.processors]) {
      await processor.catchUp();
      processor.start();
    }
    await this.forwarder.catchUp();
    this.forwarder.start();
  }

  /** Before shutdown, not on it: the database these loops use is closed in onApplicationShutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
    await Promise.all([
      ...this.projections.processors.map((p) => p.stop()),
      ...this.registryProjections.processors.map((p) => p.stop()),
      this.forwarder.stop(),
    ]);
  }
}
