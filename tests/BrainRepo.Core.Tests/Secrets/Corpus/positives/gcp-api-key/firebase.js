const cfg = {
  apiKey: "AI<<!>>zazjZA_2KYLI53lT6VV8m0fkm9zb3S7ylBDAy",
  projectId: "demo"
};
