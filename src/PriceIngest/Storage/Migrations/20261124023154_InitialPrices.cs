using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeslaSync.PriceIngest.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "price_snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Published = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_price_snapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "price_intervals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SnapshotId = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    PerKwh = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    SpotPerKwh = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    SpikeStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Descriptor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Renewables = table.Column<double>(type: "REAL", nullable: false),
                    Estimate = table.Column<bool>(type: "INTEGER", nullable: false),
                    AdvancedLow = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    AdvancedPredicted = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    AdvancedHigh = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    TariffPeriod = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_price_intervals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_price_intervals_price_snapshots_SnapshotId",
                        column: x => x.SnapshotId,
                        principalTable: "price_snapshots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_price_intervals_SnapshotId_Channel_Start",
                table: "price_intervals",
                columns: new[] { "SnapshotId", "Channel", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_price_snapshots_SiteId_ReceivedAt",
                table: "price_snapshots",
                columns: new[] { "SiteId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "price_intervals");

            migrationBuilder.DropTable(
                name: "price_snapshots");
        }
    }
}
