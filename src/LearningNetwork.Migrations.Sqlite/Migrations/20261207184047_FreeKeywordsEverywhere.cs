using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FreeKeywordsEverywhere : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "RegisteredNetworks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Programmes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "PersonProfiles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "NewsItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "LearningPaths",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "HelpdeskQuestions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Events",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "RegisteredNetworks");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "PersonProfiles");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "NewsItems");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "LearningPaths");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "HelpdeskQuestions");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "Events");
        }
    }
}
