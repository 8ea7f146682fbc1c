using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LearningNetwork.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TargetTexts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TargetTextRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Framework = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    Officer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    DecisionMaker = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Citizen = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Region = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Municipality = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Deadline = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Figures = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EditedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    EditedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TargetTextRevisions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TargetTextRevisions_Framework_Code_Language_Version",
                table: "TargetTextRevisions",
                columns: new[] { "Framework", "Code", "Language", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TargetTextRevisions");
        }
    }
}
