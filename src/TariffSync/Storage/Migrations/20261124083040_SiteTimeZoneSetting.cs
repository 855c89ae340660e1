using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.TariffSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SiteTimeZoneSetting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "site_settings",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "site_settings");
        }
    }
}
