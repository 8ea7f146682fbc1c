using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FreeKeywords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Partners",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Offers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "MembershipApplications",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "FreeKeywords",
                table: "MembershipApplications");
        }
    }
}
