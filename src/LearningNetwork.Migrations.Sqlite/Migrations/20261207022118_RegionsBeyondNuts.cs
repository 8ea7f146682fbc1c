using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LearningNetwork.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RegionsBeyondNuts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubdivisionCode",
                table: "Partners",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubdivisionCode",
                table: "MembershipApplications",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MaxLatitude",
                table: "Countries",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MaxLongitude",
                table: "Countries",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MinLatitude",
                table: "Countries",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "MinLongitude",
                table: "Countries",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SubdivisionNames",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubdivisionNames", x => new { x.Code, x.Language });
                });

            migrationBuilder.CreateTable(
                name: "Subdivisions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Subdivisions", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Partners_SubdivisionCode",
                table: "Partners",
                column: "SubdivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_Subdivisions_CountryCode",
                table: "Subdivisions",
                column: "CountryCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubdivisionNames");

            migrationBuilder.DropTable(
                name: "Subdivisions");

            migrationBuilder.DropIndex(
                name: "IX_Partners_SubdivisionCode",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "SubdivisionCode",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "SubdivisionCode",
                table: "MembershipApplications");

            migrationBuilder.DropColumn(
                name: "MaxLatitude",
                table: "Countries");

            migrationBuilder.DropColumn(
                name: "MaxLongitude",
                table: "Countries");

            migrationBuilder.DropColumn(
                name: "MinLatitude",
                table: "Countries");

            migrationBuilder.DropColumn(
                name: "MinLongitude",
                table: "Countries");
        }
    }
}
