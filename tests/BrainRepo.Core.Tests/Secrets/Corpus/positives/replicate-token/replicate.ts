const r = new Replicate({ auth: "r<<!>>8_Ezq9ypiW5cUrAAW5pvffwlg9OU9M8lCHqkmZ7" });
