using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Framework = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    Officer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DecisionMaker = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Citizen = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Municipality = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Deadline = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Figures = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EditedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    EditedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
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
