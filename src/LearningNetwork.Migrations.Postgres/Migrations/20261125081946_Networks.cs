using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearningNetwork.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Networks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "OriginNetworkId",
                table: "Practices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OriginNetworkId",
                table: "Partners",
                type: "integer",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Practices_OriginNetworkId",
                table: "Practices",
                column: "OriginNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_Partners_OriginNetworkId",
                table: "Partners",
                column: "OriginNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredNetworks_Slug",
                table: "RegisteredNetworks",
                column: "Slug",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Partners_RegisteredNetworks_OriginNetworkId",
                table: "Partners",
                column: "OriginNetworkId",
                principalTable: "RegisteredNetworks",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Practices_RegisteredNetworks_OriginNetworkId",
                table: "Practices",
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

            migrationBuilder.DropForeignKey(
                name: "FK_Practices_RegisteredNetworks_OriginNetworkId",
                table: "Practices");

            migrationBuilder.DropTable(
                name: "RegisteredNetworks");

            migrationBuilder.DropIndex(
                name: "IX_Practices_OriginNetworkId",
                table: "Practices");

            migrationBuilder.DropIndex(
                name: "IX_Partners_OriginNetworkId",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "OriginNetworkId",
                table: "Practices");

            migrationBuilder.DropColumn(
                name: "OriginNetworkId",
                table: "Partners");
        }
    }
}
