$sg = new SendGrid('S<<!>>G.QzUSUlH6gVRS5xlAiMpV1h.yAFtGDViVzZwRrzHUVaJ1csvrVASRYDYArdu9kP06xR');
