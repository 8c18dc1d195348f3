params = {"access_token": "E<<!>>AAGzEceXkS2KI84DdUjra4PPWZqnlw0rIxzlaPUfsXF4CcCfiKN0xjAYoz2mPNPwbFU7oAMvMX1rd5EmjiZ3QXUt7yLMzmOvINj0AYHWAamRJZ0W6gqDdAdei3"}
