using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearningNetwork.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PersonProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PersonProfiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    PartnerId = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JobTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Languages = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Expertise = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    NameVisibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JobTitleVisibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganisationVisibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LanguagesVisibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExpertiseVisibility = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IsDemo = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonProfiles_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonProfiles_PartnerId",
                table: "PersonProfiles",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonProfiles_UserId",
                table: "PersonProfiles",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonProfiles");
        }
    }
}
