using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeBaseAndInterchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "Partners",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OriginNetworkId",
                table: "Partners",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiKeys_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InstanceSettings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstanceSettings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredNetworks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Countries = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Themes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    MemberCount = table.Column<int>(type: "INTEGER", nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FeedUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    LastModified = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastHarvestAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastOutcome = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    NextHarvestAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseHolder = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredNetworks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VocabularyTerms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Concept = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Term = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VocabularyTerms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookSubscriptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Practices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OriginalLanguage = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    NutsCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    LauCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    PlaceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    GovernanceLevel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BudgetEur = table.Column<double>(type: "REAL", nullable: true),
                    StaffFte = table.Column<double>(type: "REAL", nullable: true),
                    MonthsToImplement = table.Column<int>(type: "INTEGER", nullable: true),
                    ExpectedLifetimeYears = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReviewBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ValidationNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ValidatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ValidatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OriginNetworkId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Practices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Practices_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Practices_RegisteredNetworks_OriginNetworkId",
                        column: x => x.OriginNetworkId,
                        principalTable: "RegisteredNetworks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubscriptionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastStatus = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Abandoned = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_WebhookSubscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "WebhookSubscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BuildingBlocks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BuildingBlocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BuildingBlocks_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: true),
                    Height = table.Column<int>(type: "INTEGER", nullable: true),
                    Caption = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Credit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Licence = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeAttachments_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeContributor",
                columns: table => new
                {
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeContributor", x => new { x.PracticeId, x.PartnerId });
                    table.ForeignKey(
                        name: "FK_PracticeContributor_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PracticeContributor_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeResults",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Baseline = table.Column<double>(type: "REAL", nullable: true),
                    Year = table.Column<int>(type: "INTEGER", nullable: true),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeResults_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Snapshot = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeRevisions_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeTags",
                columns: table => new
                {
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Scheme = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeTags", x => new { x.PracticeId, x.Scheme, x.Code });
                    table.ForeignKey(
                        name: "FK_PracticeTags_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeTexts",
                columns: table => new
                {
                    PracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reviewed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Challenge = table.Column<string>(type: "TEXT", nullable: true),
                    PolicyBackground = table.Column<string>(type: "TEXT", nullable: true),
                    Objectives = table.Column<string>(type: "TEXT", nullable: true),
                    Actions = table.Column<string>(type: "TEXT", nullable: true),
                    HowBlocksFit = table.Column<string>(type: "TEXT", nullable: true),
                    Stakeholders = table.Column<string>(type: "TEXT", nullable: true),
                    Beneficiaries = table.Column<string>(type: "TEXT", nullable: true),
                    CostsBenefits = table.Column<string>(type: "TEXT", nullable: true),
                    CoBenefits = table.Column<string>(type: "TEXT", nullable: true),
                    SuccessFactors = table.Column<string>(type: "TEXT", nullable: true),
                    Difficulties = table.Column<string>(type: "TEXT", nullable: true),
                    Transferability = table.Column<string>(type: "TEXT", nullable: true),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeTexts", x => new { x.PracticeId, x.Language });
                    table.ForeignKey(
                        name: "FK_PracticeTexts_Practices_PracticeId",
                        column: x => x.PracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeTransfers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourcePracticeId = table.Column<int>(type: "INTEGER", nullable: false),
                    AdoptingPartnerId = table.Column<int>(type: "INTEGER", nullable: false),
                    AdoptedPracticeId = table.Column<int>(type: "INTEGER", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TransferredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WhatChanged = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeTransfers_Partners_AdoptingPartnerId",
                        column: x => x.AdoptingPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PracticeTransfers_Practices_AdoptedPracticeId",
                        column: x => x.AdoptedPracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PracticeTransfers_Practices_SourcePracticeId",
                        column: x => x.SourcePracticeId,
                        principalTable: "Practices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BuildingBlockTexts",
                columns: table => new
                {
                    BuildingBlockId = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    EnablingFactors = table.Column<string>(type: "TEXT", nullable: true),
                    LessonsLearned = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BuildingBlockTexts", x => new { x.BuildingBlockId, x.Language });
                    table.ForeignKey(
                        name: "FK_BuildingBlockTexts_BuildingBlocks_BuildingBlockId",
                        column: x => x.BuildingBlockId,
                        principalTable: "BuildingBlocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeAttachmentContents",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Thumbnail = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeAttachmentContents", x => x.AttachmentId);
                    table.ForeignKey(
                        name: "FK_PracticeAttachmentContents_PracticeAttachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "PracticeAttachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeTransferBlock",
                columns: table => new
                {
                    TransferId = table.Column<int>(type: "INTEGER", nullable: false),
                    BuildingBlockId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeTransferBlock", x => new { x.TransferId, x.BuildingBlockId });
                    table.ForeignKey(
                        name: "FK_PracticeTransferBlock_BuildingBlocks_BuildingBlockId",
                        column: x => x.BuildingBlockId,
                        principalTable: "BuildingBlocks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PracticeTransferBlock_PracticeTransfers_TransferId",
                        column: x => x.TransferId,
                        principalTable: "PracticeTransfers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Partners_ExternalId",
                table: "Partners",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Partners_OriginNetworkId",
                table: "Partners",
                column: "OriginNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_PartnerId",
                table: "ApiKeys",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Prefix",
                table: "ApiKeys",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BuildingBlocks_PracticeId_Position",
                table: "BuildingBlocks",
                columns: new[] { "PracticeId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeAttachments_PracticeId",
                table: "PracticeAttachments",
                column: "PracticeId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeContributor_PartnerId",
                table: "PracticeContributor",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeResults_PracticeId_Position",
                table: "PracticeResults",
                columns: new[] { "PracticeId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeRevisions_PracticeId_Number",
                table: "PracticeRevisions",
                columns: new[] { "PracticeId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Practices_CountryCode",
                table: "Practices",
                column: "CountryCode");

            migrationBuilder.CreateIndex(
                name: "IX_Practices_ExternalId",
                table: "Practices",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Practices_OriginNetworkId",
                table: "Practices",
                column: "OriginNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_Practices_PartnerId",
                table: "Practices",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Practices_ReviewBy",
                table: "Practices",
                column: "ReviewBy");

            migrationBuilder.CreateIndex(
                name: "IX_Practices_Slug",
                table: "Practices",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Practices_Stage_PublishedAt",
                table: "Practices",
                columns: new[] { "Stage", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTags_Scheme_Code",
                table: "PracticeTags",
                columns: new[] { "Scheme", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTexts_Language",
                table: "PracticeTexts",
                column: "Language");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTransferBlock_BuildingBlockId",
                table: "PracticeTransferBlock",
                column: "BuildingBlockId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTransfers_AdoptedPracticeId",
                table: "PracticeTransfers",
                column: "AdoptedPracticeId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTransfers_AdoptingPartnerId",
                table: "PracticeTransfers",
                column: "AdoptingPartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeTransfers_SourcePracticeId",
                table: "PracticeTransfers",
                column: "SourcePracticeId");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredNetworks_Slug",
                table: "RegisteredNetworks",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VocabularyTerms_Language_Term",
                table: "VocabularyTerms",
                columns: new[] { "Language", "Term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_DeliveredAt_Abandoned_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "DeliveredAt", "Abandoned", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_SubscriptionId",
                table: "WebhookDeliveries",
                column: "SubscriptionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Partners_RegisteredNetworks_OriginNetworkId",
                table: "Partners",
                column: "OriginNetworkId",
                principalTable: "RegisteredNetworks",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Partners_RegisteredNetworks_OriginNetworkId",
                table: "Partners");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "BuildingBlockTexts");

            migrationBuilder.DropTable(
                name: "InstanceSettings");

            migrationBuilder.DropTable(
                name: "PracticeAttachmentContents");

            migrationBuilder.DropTable(
                name: "PracticeContributor");

            migrationBuilder.DropTable(
                name: "PracticeResults");

            migrationBuilder.DropTable(
                name: "PracticeRevisions");

            migrationBuilder.DropTable(
                name: "PracticeTags");

            migrationBuilder.DropTable(
                name: "PracticeTexts");

            migrationBuilder.DropTable(
                name: "PracticeTransferBlock");

            migrationBuilder.DropTable(
                name: "SearchLog");

            migrationBuilder.DropTable(
                name: "VocabularyTerms");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "PracticeAttachments");

            migrationBuilder.DropTable(
                name: "BuildingBlocks");

            migrationBuilder.DropTable(
                name: "PracticeTransfers");

            migrationBuilder.DropTable(
                name: "WebhookSubscriptions");

            migrationBuilder.DropTable(
                name: "Practices");

            migrationBuilder.DropTable(
                name: "RegisteredNetworks");

            migrationBuilder.DropIndex(
                name: "IX_Partners_ExternalId",
                table: "Partners");

            migrationBuilder.DropIndex(
                name: "IX_Partners_OriginNetworkId",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "OriginNetworkId",
                table: "Partners");
        }
    }
}
