var pat = "githu<<!>>b_pat_uPQdHN6Pft4Fl9V1JCBGsy_i68Dcct90uj0yyr1cn5rzujB4Hf8VqH8scHKMxRA2KEouDWHumSfOXkCc61";
