using FunctionsMcp.Tests.Common;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
