using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.Telemetry.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SampleExportRuleAndFirmware : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExportRule",
                table: "live_samples",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirmwareVersion",
                table: "live_samples",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExportRule",
                table: "live_samples");

            migrationBuilder.DropColumn(
                name: "FirmwareVersion",
                table: "live_samples");
        }
    }
}
