using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Postgres.Migrations
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Partners",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "Offers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FreeKeywords",
                table: "MembershipApplications",
                type: "text",
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
