using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.TariffSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ProfilesAndSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Action",
                table: "sync_outcomes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "price-sync");

            migrationBuilder.CreateTable(
                name: "site_settings",
                columns: table => new
                {
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AutoSync = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_site_settings", x => x.SiteId);
                });

            migrationBuilder.CreateTable(
                name: "tariff_profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tariff_profiles", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tariff_profiles_SiteId_Name",
                table: "tariff_profiles",
                columns: new[] { "SiteId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "site_settings");

            migrationBuilder.DropTable(
                name: "tariff_profiles");

            migrationBuilder.DropColumn(
                name: "Action",
                table: "sync_outcomes");
        }
    }
}
