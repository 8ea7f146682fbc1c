using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearningNetwork.Migrations.Postgres.Migrations
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OriginNetworkId",
                table: "Partners",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Prefix = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Scopes = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstanceSettings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredNetworks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Scope = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Countries = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Themes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    MemberCount = table.Column<int>(type: "integer", nullable: true),
                    Website = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    FeedUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ETag = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    LastModified = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastHarvestAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastOutcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    NextHarvestAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseHolder = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredNetworks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ItemId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VocabularyTerms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Concept = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VocabularyTerms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookSubscriptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Practices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    PartnerId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OriginalLanguage = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    NutsCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    LauCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    PlaceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    GovernanceLevel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Scale = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    BudgetEur = table.Column<double>(type: "double precision", nullable: true),
                    StaffFte = table.Column<double>(type: "double precision", nullable: true),
                    MonthsToImplement = table.Column<int>(type: "integer", nullable: true),
                    ExpectedLifetimeYears = table.Column<int>(type: "integer", nullable: true),
                    ContactUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ReviewBy = table.Column<DateOnly>(type: "date", nullable: true),
                    LastReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReminderSentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ValidationNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ValidatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ValidatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    IsDemo = table.Column<bool>(type: "boolean", nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OriginNetworkId = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubscriptionId = table.Column<int>(type: "integer", nullable: false),
                    Event = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatus = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Abandoned = table.Column<bool>(type: "boolean", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: true),
                    Height = table.Column<int>(type: "integer", nullable: true),
                    Caption = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Credit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Licence = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
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
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    PartnerId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Unit = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Baseline = table.Column<double>(type: "double precision", nullable: true),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Indicator = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Snapshot = table.Column<string>(type: "text", nullable: false)
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
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Scheme = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                    PracticeId = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Origin = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reviewed = table.Column<bool>(type: "boolean", nullable: false),
                    Title = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Summary = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Challenge = table.Column<string>(type: "text", nullable: true),
                    PolicyBackground = table.Column<string>(type: "text", nullable: true),
                    Objectives = table.Column<string>(type: "text", nullable: true),
                    Actions = table.Column<string>(type: "text", nullable: true),
                    HowBlocksFit = table.Column<string>(type: "text", nullable: true),
                    Stakeholders = table.Column<string>(type: "text", nullable: true),
                    Beneficiaries = table.Column<string>(type: "text", nullable: true),
                    CostsBenefits = table.Column<string>(type: "text", nullable: true),
                    CoBenefits = table.Column<string>(type: "text", nullable: true),
                    SuccessFactors = table.Column<string>(type: "text", nullable: true),
                    Difficulties = table.Column<string>(type: "text", nullable: true),
                    Transferability = table.Column<string>(type: "text", nullable: true),
                    Keywords = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourcePracticeId = table.Column<int>(type: "integer", nullable: false),
                    AdoptingPartnerId = table.Column<int>(type: "integer", nullable: false),
                    AdoptedPracticeId = table.Column<int>(type: "integer", nullable: true),
                    Scope = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TransferredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    WhatChanged = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Result = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
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
                    BuildingBlockId = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    EnablingFactors = table.Column<string>(type: "text", nullable: true),
                    LessonsLearned = table.Column<string>(type: "text", nullable: true)
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
                    AttachmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    Thumbnail = table.Column<byte[]>(type: "bytea", nullable: true)
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
                    TransferId = table.Column<int>(type: "integer", nullable: false),
                    BuildingBlockId = table.Column<int>(type: "integer", nullable: false)
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
