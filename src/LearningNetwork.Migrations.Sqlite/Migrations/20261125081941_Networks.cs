using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OriginNetworkId",
                table: "Partners",
                type: "INTEGER",
                nullable: true);

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
