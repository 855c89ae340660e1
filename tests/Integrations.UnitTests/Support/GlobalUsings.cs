global using TeslaSync.TestSupport;
